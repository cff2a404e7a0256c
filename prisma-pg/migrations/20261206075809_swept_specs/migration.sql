-- CreateTable
CREATE TABLE "SweptSpec" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SweptSpec_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LessonDraft" (
    "id" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LessonDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LessonDraft_expiresAt_idx" ON "LessonDraft"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LessonDraft_courseSlug_hash_key" ON "LessonDraft"("courseSlug", "hash");

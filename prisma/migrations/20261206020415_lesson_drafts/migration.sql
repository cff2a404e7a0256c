-- CreateTable
CREATE TABLE "LessonDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseSlug" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "LessonDraft_expiresAt_idx" ON "LessonDraft"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LessonDraft_courseSlug_hash_key" ON "LessonDraft"("courseSlug", "hash");

-- AlterTable
ALTER TABLE "Course" ADD COLUMN "publishedVersionId" TEXT;

-- CreateTable
CREATE TABLE "LessonSource" (
    "hash" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CourseVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseSlug" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "course" JSONB NOT NULL,
    "problems" JSONB,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LessonEdit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "baseHash" TEXT,
    "hash" TEXT NOT NULL,
    "action" TEXT NOT NULL DEFAULT 'save',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "CourseVersion_courseSlug_status_createdAt_idx" ON "CourseVersion"("courseSlug", "status", "createdAt");

-- CreateIndex
CREATE INDEX "LessonEdit_courseSlug_lessonSlug_createdAt_idx" ON "LessonEdit"("courseSlug", "lessonSlug", "createdAt");

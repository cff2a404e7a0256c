-- AlterTable
ALTER TABLE "Sitting" ADD COLUMN "sessionId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assessment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "opensAt" DATETIME,
    "closesAt" DATETIME,
    "timeLimitMinutes" INTEGER,
    "attempts" INTEGER NOT NULL,
    "reveal" TEXT NOT NULL,
    "accessCode" TEXT,
    "sessions" TEXT NOT NULL DEFAULT 'log',
    "slots" JSONB NOT NULL,
    "zones" JSONB,
    "weight" REAL NOT NULL DEFAULT 1,
    "position" INTEGER NOT NULL,
    "releasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assessment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Assessment" ("accessCode", "attempts", "closesAt", "courseId", "createdAt", "id", "opensAt", "position", "releasedAt", "reveal", "slots", "slug", "timeLimitMinutes", "title", "type", "updatedAt", "weight", "zones") SELECT "accessCode", "attempts", "closesAt", "courseId", "createdAt", "id", "opensAt", "position", "releasedAt", "reveal", "slots", "slug", "timeLimitMinutes", "title", "type", "updatedAt", "weight", "zones" FROM "Assessment";
DROP TABLE "Assessment";
ALTER TABLE "new_Assessment" RENAME TO "Assessment";
CREATE UNIQUE INDEX "Assessment_courseId_slug_key" ON "Assessment"("courseId", "slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- AlterTable
ALTER TABLE "Grade" ADD COLUMN "byId" TEXT;

-- CreateTable
CREATE TABLE "Assessment" (
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
    "slots" JSONB NOT NULL,
    "position" INTEGER NOT NULL,
    "releasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assessment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Sitting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assessmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "draw" JSONB NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Sitting_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Sitting_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Accommodation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assessmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "extraMinutes" INTEGER NOT NULL DEFAULT 0,
    "closesAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Accommodation_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssessmentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assessmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssessmentEvent_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Attempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "seed" INTEGER NOT NULL,
    "specHash" TEXT NOT NULL,
    "graderVersion" INTEGER NOT NULL,
    "answerText" TEXT NOT NULL,
    "parsed" JSONB,
    "score" REAL NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "entries" JSONB,
    "feedback" JSONB NOT NULL,
    "diagnosisId" TEXT,
    "trail" JSONB,
    "parts" JSONB,
    "idempotencyKey" TEXT NOT NULL,
    "number" INTEGER,
    "sittingId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Attempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attempt_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Attempt_sittingId_fkey" FOREIGN KEY ("sittingId") REFERENCES "Sitting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Attempt" ("answerText", "correct", "createdAt", "diagnosisId", "entries", "exerciseId", "feedback", "graderVersion", "id", "idempotencyKey", "number", "parsed", "parts", "score", "seed", "specHash", "trail", "userId") SELECT "answerText", "correct", "createdAt", "diagnosisId", "entries", "exerciseId", "feedback", "graderVersion", "id", "idempotencyKey", "number", "parsed", "parts", "score", "seed", "specHash", "trail", "userId" FROM "Attempt";
DROP TABLE "Attempt";
ALTER TABLE "new_Attempt" RENAME TO "Attempt";
CREATE UNIQUE INDEX "Attempt_idempotencyKey_key" ON "Attempt"("idempotencyKey");
CREATE INDEX "Attempt_userId_exerciseId_idx" ON "Attempt"("userId", "exerciseId");
CREATE INDEX "Attempt_exerciseId_idx" ON "Attempt"("exerciseId");
CREATE UNIQUE INDEX "Attempt_userId_exerciseId_number_key" ON "Attempt"("userId", "exerciseId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Assessment_courseId_slug_key" ON "Assessment"("courseId", "slug");

-- CreateIndex
CREATE INDEX "Sitting_userId_idx" ON "Sitting"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Sitting_assessmentId_userId_key" ON "Sitting"("assessmentId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Accommodation_assessmentId_userId_key" ON "Accommodation"("assessmentId", "userId");

-- CreateIndex
CREATE INDEX "AssessmentEvent_assessmentId_createdAt_idx" ON "AssessmentEvent"("assessmentId", "createdAt");

-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "sessions" TEXT NOT NULL DEFAULT 'log';

-- AlterTable
ALTER TABLE "Sitting" ADD COLUMN     "sessionId" TEXT;

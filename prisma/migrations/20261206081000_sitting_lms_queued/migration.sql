-- AlterTable
ALTER TABLE "Sitting" ADD COLUMN "lmsQueuedAt" DATETIME;

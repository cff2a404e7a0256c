-- AlterTable
ALTER TABLE "Sitting" ADD COLUMN     "lmsQueuedAt" TIMESTAMP(3);

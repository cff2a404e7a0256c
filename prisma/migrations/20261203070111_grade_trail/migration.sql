-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN "parts" JSONB;
ALTER TABLE "Attempt" ADD COLUMN "trail" JSONB;

-- AlterTable
ALTER TABLE "Grade" ADD COLUMN "parts" JSONB;
ALTER TABLE "Grade" ADD COLUMN "trail" JSONB;

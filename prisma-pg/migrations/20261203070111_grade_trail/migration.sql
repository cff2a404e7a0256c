-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "parts" JSONB,
ADD COLUMN     "trail" JSONB;

-- AlterTable
ALTER TABLE "Grade" ADD COLUMN     "parts" JSONB,
ADD COLUMN     "trail" JSONB;

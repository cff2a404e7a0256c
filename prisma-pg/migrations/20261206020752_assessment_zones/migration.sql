-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "zones" JSONB;

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "sessionsValidFrom" TIMESTAMP(3);

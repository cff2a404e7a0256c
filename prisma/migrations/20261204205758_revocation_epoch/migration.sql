-- AlterTable
ALTER TABLE "user" ADD COLUMN "sessionsValidFrom" DATETIME;

/*
  Warnings:

  - A unique constraint covering the columns `[userId,exerciseId,number]` on the table `Attempt` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "number" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_userId_exerciseId_number_key" ON "Attempt"("userId", "exerciseId", "number");

-- AlterTable
ALTER TABLE "LtiLineItem" ALTER COLUMN "url" DROP NOT NULL;

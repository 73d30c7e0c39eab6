-- AlterTable
ALTER TABLE "user" ADD COLUMN "disabledAt" DATETIME;
ALTER TABLE "user" ADD COLUMN "disabledReason" TEXT;
ALTER TABLE "user" ADD COLUMN "lastSignInAt" DATETIME;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "credit" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "creditReason" TEXT NOT NULL DEFAULT 'always_open',
ADD COLUMN     "graceDays" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rawScore" DOUBLE PRECISION,
ADD COLUMN     "windowIndex" INTEGER;

-- Every submission graded before access windows had full credit: its score was its raw score.
UPDATE "Submission" SET "rawScore" = "score";

-- CreateTable
CREATE TABLE "Extension" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "exerciseId" TEXT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "credit" INTEGER NOT NULL,
    "grantedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Extension_courseId_idx" ON "Extension"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "Extension_userId_exerciseId_key" ON "Extension"("userId", "exerciseId");

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_exerciseId_fkey" FOREIGN KEY ("exerciseId") REFERENCES "Exercise"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_grantedById_fkey" FOREIGN KEY ("grantedById") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE CASCADE;

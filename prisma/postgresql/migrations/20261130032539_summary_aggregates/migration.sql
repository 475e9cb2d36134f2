-- DropIndex
DROP INDEX "Case_receivedAt_idx";

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "caseReceivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "caseUnitCode" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "Case_receivedAt_unitCode_idx" ON "Case"("receivedAt", "unitCode");

-- CreateIndex
CREATE INDEX "Deadline_caseReceivedAt_caseUnitCode_idx" ON "Deadline"("caseReceivedAt", "caseUnitCode");

-- DropIndex
DROP INDEX "Case_unitCode_idx";

-- DropIndex
DROP INDEX "Deadline_caseReceivedAt_caseUnitCode_kind_state_dueAt_compl_idx";

-- CreateIndex
CREATE INDEX "Case_unitCode_receivedAt_idx" ON "Case"("unitCode", "receivedAt");

-- CreateIndex
CREATE INDEX "Deadline_kind_state_caseUnitCode_caseReceivedAt_dueAt_compl_idx" ON "Deadline"("kind", "state", "caseUnitCode", "caseReceivedAt", "dueAt", "completedAt");

-- DropIndex
DROP INDEX "Deadline_caseReceivedAt_caseUnitCode_idx";

-- CreateIndex
CREATE INDEX "Deadline_caseReceivedAt_caseUnitCode_kind_state_dueAt_completedAt_idx" ON "Deadline"("caseReceivedAt", "caseUnitCode", "kind", "state", "dueAt", "completedAt");

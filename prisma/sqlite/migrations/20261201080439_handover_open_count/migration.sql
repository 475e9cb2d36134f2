-- CreateIndex
CREATE INDEX "Case_unitCode_status_idx" ON "Case"("unitCode", "status");

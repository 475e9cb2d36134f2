-- DropIndex
DROP INDEX "Case_branchCode_category_receivedAt_idx";

-- CreateIndex
CREATE INDEX "Case_branchCode_category_receivedAt_customerKey_cluster_idx" ON "Case"("branchCode", "category", "receivedAt", "customerKey", "cluster");

-- DropIndex
DROP INDEX "Case_receivedAt_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Deadline" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "startAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "state" TEXT NOT NULL,
    "completedAt" DATETIME,
    "breachedAt" DATETIME,
    "nextStage" TEXT,
    "nextFireAt" DATETIME,
    "repeatsSent" INTEGER NOT NULL DEFAULT 0,
    "caseUnitCode" TEXT NOT NULL DEFAULT '',
    "caseReceivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Deadline" ("breachedAt", "caseId", "completedAt", "dueAt", "generation", "id", "kind", "nextFireAt", "nextStage", "repeatsSent", "startAt", "state") SELECT "breachedAt", "caseId", "completedAt", "dueAt", "generation", "id", "kind", "nextFireAt", "nextStage", "repeatsSent", "startAt", "state" FROM "Deadline";
DROP TABLE "Deadline";
ALTER TABLE "new_Deadline" RENAME TO "Deadline";
CREATE INDEX "Deadline_nextFireAt_idx" ON "Deadline"("nextFireAt");
CREATE INDEX "Deadline_caseId_state_idx" ON "Deadline"("caseId", "state");
CREATE INDEX "Deadline_dueAt_idx" ON "Deadline"("dueAt");
CREATE INDEX "Deadline_caseReceivedAt_caseUnitCode_idx" ON "Deadline"("caseReceivedAt", "caseUnitCode");
CREATE UNIQUE INDEX "Deadline_caseId_kind_generation_key" ON "Deadline"("caseId", "kind", "generation");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Case_receivedAt_unitCode_idx" ON "Case"("receivedAt", "unitCode");

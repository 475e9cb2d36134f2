-- CreateTable
CREATE TABLE "DutyShift" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "unitCode" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "startAt" DATETIME NOT NULL,
    "endAt" DATETIME NOT NULL,
    "takenBy" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "WorkLogEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "unitCode" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "data" TEXT
);

-- CreateIndex
CREATE INDEX "DutyShift_endAt_idx" ON "DutyShift"("endAt");

-- CreateIndex
CREATE INDEX "WorkLogEntry_at_unitCode_idx" ON "WorkLogEntry"("at", "unitCode");

-- CreateIndex
CREATE INDEX "TimelineEntry_at_action_idx" ON "TimelineEntry"("at", "action");

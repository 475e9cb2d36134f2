-- CreateTable
CREATE TABLE "DutyShift" (
    "id" SERIAL NOT NULL,
    "unitCode" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "takenBy" TEXT NOT NULL,

    CONSTRAINT "DutyShift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkLogEntry" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "unitCode" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "data" TEXT,

    CONSTRAINT "WorkLogEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DutyShift_endAt_idx" ON "DutyShift"("endAt");

-- CreateIndex
CREATE INDEX "WorkLogEntry_at_unitCode_idx" ON "WorkLogEntry"("at", "unitCode");

-- CreateIndex
CREATE INDEX "TimelineEntry_at_action_idx" ON "TimelineEntry"("at", "action");

-- CreateTable
CREATE TABLE "Unit" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "parentCode" TEXT,
    "depth" INTEGER NOT NULL,
    "consoleChannel" TEXT,
    "slackChannel" TEXT,
    "discordChannel" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Member" (
    "handle" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unitCode" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "line" TEXT,
    "phone" TEXT,
    "slackId" TEXT,
    "discordId" TEXT,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("handle")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "intake" TEXT NOT NULL,
    "customerName" TEXT,
    "customerPhone" TEXT,
    "customerKey" TEXT,
    "vip" BOOLEAN NOT NULL DEFAULT false,
    "unitCode" TEXT NOT NULL,
    "branchCode" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "matter" TEXT NOT NULL,
    "request" TEXT,
    "cutover" BOOLEAN NOT NULL DEFAULT false,
    "openerHandle" TEXT NOT NULL,
    "ownerHandle" TEXT NOT NULL,
    "handlerHandle" TEXT,
    "status" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "levelUnitCode" TEXT NOT NULL,
    "levelSince" TIMESTAMP(3) NOT NULL,
    "mediaThreat" BOOLEAN NOT NULL DEFAULT false,
    "repeat" BOOLEAN NOT NULL DEFAULT false,
    "skipLevel" BOOLEAN NOT NULL DEFAULT false,
    "cluster" BOOLEAN NOT NULL DEFAULT false,
    "crossProvince" BOOLEAN NOT NULL DEFAULT false,
    "claim" BOOLEAN NOT NULL DEFAULT false,
    "aggressive" BOOLEAN NOT NULL DEFAULT false,
    "transferred" BOOLEAN NOT NULL DEFAULT false,
    "lateTransfer" BOOLEAN NOT NULL DEFAULT false,
    "escalated" BOOLEAN NOT NULL DEFAULT false,
    "escalatedAt" TIMESTAMP(3),
    "escalationNote" TEXT,
    "breached" BOOLEAN NOT NULL DEFAULT false,
    "responsibility" TEXT,
    "validity" TEXT,
    "statClass" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "policy" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TimelineEntry" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "text" TEXT,
    "data" TEXT,

    CONSTRAINT "TimelineEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deadline" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "generation" INTEGER NOT NULL,
    "startAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "state" TEXT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "breachedAt" TIMESTAMP(3),
    "nextStage" TEXT,
    "nextFireAt" TIMESTAMP(3),
    "repeatsSent" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Deadline_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "caseId" INTEGER,
    "toUnit" TEXT,
    "toHandle" TEXT,
    "payload" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "lastError" TEXT,
    "delivered" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CardRef" (
    "caseId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,

    CONSTRAINT "CardRef_pkey" PRIMARY KEY ("caseId","platform","channel")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "customerKey" TEXT NOT NULL,
    "amountFen" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor" TEXT NOT NULL,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ProcessedRequest" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "response" TEXT NOT NULL,

    CONSTRAINT "ProcessedRequest_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Member_slackId_idx" ON "Member"("slackId");

-- CreateIndex
CREATE INDEX "Member_discordId_idx" ON "Member"("discordId");

-- CreateIndex
CREATE INDEX "Member_unitCode_idx" ON "Member"("unitCode");

-- CreateIndex
CREATE INDEX "Case_customerKey_receivedAt_idx" ON "Case"("customerKey", "receivedAt");

-- CreateIndex
CREATE INDEX "Case_branchCode_category_receivedAt_idx" ON "Case"("branchCode", "category", "receivedAt");

-- CreateIndex
CREATE INDEX "Case_receivedAt_idx" ON "Case"("receivedAt");

-- CreateIndex
CREATE INDEX "Case_status_idx" ON "Case"("status");

-- CreateIndex
CREATE INDEX "Case_unitCode_idx" ON "Case"("unitCode");

-- CreateIndex
CREATE INDEX "TimelineEntry_caseId_id_idx" ON "TimelineEntry"("caseId", "id");

-- CreateIndex
CREATE INDEX "Deadline_nextFireAt_idx" ON "Deadline"("nextFireAt");

-- CreateIndex
CREATE INDEX "Deadline_caseId_state_idx" ON "Deadline"("caseId", "state");

-- CreateIndex
CREATE INDEX "Deadline_dueAt_idx" ON "Deadline"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Deadline_caseId_kind_generation_key" ON "Deadline"("caseId", "kind", "generation");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_key_key" ON "OutboxMessage"("key");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_caseId_id_idx" ON "OutboxMessage"("caseId", "id");

-- CreateIndex
CREATE INDEX "Payment_customerKey_idx" ON "Payment"("customerKey");

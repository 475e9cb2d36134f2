-- CreateTable
CREATE TABLE "PendingRequest" (
    "key" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "platform" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "replyTo" TEXT,

    CONSTRAINT "PendingRequest_pkey" PRIMARY KEY ("key")
);

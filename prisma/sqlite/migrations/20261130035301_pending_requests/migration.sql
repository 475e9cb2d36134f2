-- CreateTable
CREATE TABLE "PendingRequest" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "platform" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "replyTo" TEXT
);

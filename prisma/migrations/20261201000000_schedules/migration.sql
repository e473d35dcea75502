-- CreateTable
CREATE TABLE "Schedule" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "container" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "frequency" TEXT NOT NULL,
    "hour" INTEGER NOT NULL DEFAULT 0,
    "minute" INTEGER NOT NULL DEFAULT 0,
    "weekday" INTEGER NOT NULL DEFAULT 0,
    "keep" INTEGER NOT NULL,
    "whileRunning" TEXT NOT NULL DEFAULT 'stop',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "nextRunAt" DATETIME NOT NULL,
    "lastRunAt" DATETIME,
    "lastOutcome" TEXT,
    "lastMessage" TEXT
);

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_container_kind_key" ON "Schedule"("container", "kind");


-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    "actor" TEXT NOT NULL,
    "address" TEXT,
    "action" TEXT NOT NULL,
    "container" TEXT,
    "command" TEXT,
    "outcome" TEXT NOT NULL,
    "exitCode" INTEGER,
    "stderr" TEXT,
    "detail" TEXT
);

-- CreateIndex
CREATE INDEX "AuditEntry_container_startedAt_idx" ON "AuditEntry"("container", "startedAt");

-- CreateIndex
CREATE INDEX "AuditEntry_startedAt_idx" ON "AuditEntry"("startedAt");


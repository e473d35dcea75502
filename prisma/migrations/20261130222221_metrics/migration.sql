-- CreateTable
CREATE TABLE "MetricSeries" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "lxcpath" TEXT NOT NULL,
    "container" TEXT NOT NULL,
    "firstSeen" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "goneAt" DATETIME
);

-- CreateTable
CREATE TABLE "MetricMinute" (
    "seriesId" INTEGER NOT NULL,
    "minute" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "cpu" INTEGER,
    "cpuMax" INTEGER,
    "mem" BIGINT,
    "memMax" BIGINT,
    "memLimit" BIGINT,
    "swap" BIGINT,
    "anon" BIGINT,
    "file" BIGINT,
    "pids" INTEGER,
    "pidsMax" INTEGER,
    "diskRead" BIGINT,
    "diskReadMax" BIGINT,
    "diskWrite" BIGINT,
    "diskWriteMax" BIGINT,
    "diskReadOps" INTEGER,
    "diskWriteOps" INTEGER,
    "netRx" BIGINT,
    "netRxMax" BIGINT,
    "netTx" BIGINT,
    "netTxMax" BIGINT,
    "netRxPackets" INTEGER,
    "netTxPackets" INTEGER,
    "load1" INTEGER,
    "load1Max" INTEGER,
    "diskFree" BIGINT,
    "diskTotal" BIGINT,

    PRIMARY KEY ("seriesId", "minute"),
    CONSTRAINT "MetricMinute_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "MetricSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MetricHour" (
    "seriesId" INTEGER NOT NULL,
    "hour" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "cpu" INTEGER,
    "cpuMax" INTEGER,
    "mem" BIGINT,
    "memMax" BIGINT,
    "memLimit" BIGINT,
    "swap" BIGINT,
    "anon" BIGINT,
    "file" BIGINT,
    "pids" INTEGER,
    "pidsMax" INTEGER,
    "diskRead" BIGINT,
    "diskReadMax" BIGINT,
    "diskWrite" BIGINT,
    "diskWriteMax" BIGINT,
    "diskReadOps" INTEGER,
    "diskWriteOps" INTEGER,
    "netRx" BIGINT,
    "netRxMax" BIGINT,
    "netTx" BIGINT,
    "netTxMax" BIGINT,
    "netRxPackets" INTEGER,
    "netTxPackets" INTEGER,
    "load1" INTEGER,
    "load1Max" INTEGER,
    "diskFree" BIGINT,
    "diskTotal" BIGINT,

    PRIMARY KEY ("seriesId", "hour"),
    CONSTRAINT "MetricHour_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "MetricSeries" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MetricsToken" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "MetricSeries_lxcpath_container_key" ON "MetricSeries"("lxcpath", "container");

-- CreateIndex
CREATE UNIQUE INDEX "MetricsToken_tokenHash_key" ON "MetricsToken"("tokenHash");


-- The rollup tables as WITHOUT ROWID tables: rows are stored in primary-key
-- order (a series, then its time), so a range of one container is one run of
-- neighbouring pages. As rowid tables, rows lay in the order they were
-- written (every container's row of minute 1, then minute 2...), and reading
-- a week of one container touched a page per row through the key's index.
-- Prisma's schema cannot say WITHOUT ROWID: a later migration that redefines
-- these tables must keep it.
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;

CREATE TABLE "new_MetricMinute" (
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
) WITHOUT ROWID;

INSERT INTO "new_MetricMinute" SELECT * FROM "MetricMinute";
DROP TABLE "MetricMinute";
ALTER TABLE "new_MetricMinute" RENAME TO "MetricMinute";

CREATE TABLE "new_MetricHour" (
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
) WITHOUT ROWID;

INSERT INTO "new_MetricHour" SELECT * FROM "MetricHour";
DROP TABLE "MetricHour";
ALTER TABLE "new_MetricHour" RENAME TO "MetricHour";

PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

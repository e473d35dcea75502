-- CreateTable
CREATE TABLE "HostTarget" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "project" TEXT NOT NULL DEFAULT 'default',
    "serverCertificate" TEXT,
    "serverFingerprint" TEXT,
    "clientCertificate" TEXT,
    "clientKey" TEXT,
    "addedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "HostTarget_name_key" ON "HostTarget"("name");


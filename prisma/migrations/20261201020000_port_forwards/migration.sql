-- CreateTable
CREATE TABLE "PortForward" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "container" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "hostPort" INTEGER NOT NULL,
    "containerPort" INTEGER NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "PortForward_container_idx" ON "PortForward"("container");

-- CreateIndex
CREATE UNIQUE INDEX "PortForward_protocol_hostPort_key" ON "PortForward"("protocol", "hostPort");


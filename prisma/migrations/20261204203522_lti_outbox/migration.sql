-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LtiLineItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contextRef" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "url" TEXT,
    "label" TEXT NOT NULL,
    "scoreMaximum" REAL NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiLineItem_contextRef_fkey" FOREIGN KEY ("contextRef") REFERENCES "LtiContext" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LtiLineItem" ("contextRef", "createdAt", "id", "label", "resourceId", "scoreMaximum", "url") SELECT "contextRef", "createdAt", "id", "label", "resourceId", "scoreMaximum", "url" FROM "LtiLineItem";
DROP TABLE "LtiLineItem";
ALTER TABLE "new_LtiLineItem" RENAME TO "LtiLineItem";
CREATE UNIQUE INDEX "LtiLineItem_contextRef_resourceId_key" ON "LtiLineItem"("contextRef", "resourceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

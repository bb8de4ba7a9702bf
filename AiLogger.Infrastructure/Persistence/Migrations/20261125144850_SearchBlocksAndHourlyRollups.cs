using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchBlocksAndHourlyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "log_blocks",
                columns: table => new
                {
                    block = table.Column<long>(type: "INTEGER", nullable: false),
                    min_ts = table.Column<long>(type: "INTEGER", nullable: false),
                    max_ts = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_blocks", x => x.block);
                });

            migrationBuilder.CreateTable(
                name: "log_rollups_hourly",
                columns: table => new
                {
                    hour = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_log_rollups_hourly", x => new { x.hour, x.source, x.level });
                });

            migrationBuilder.CreateIndex(
                name: "ix_log_events_event_type_timestamp",
                table: "log_events",
                columns: new[] { "event_type", "timestamp" },
                filter: "event_type IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_log_blocks_max_ts",
                table: "log_blocks",
                column: "max_ts");

            // Document frequency of each keyword, so a search can tell a rare word from a common one.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE log_events_fts_vocab USING fts5vocab(log_events_fts, row);");
            // Existing stores: fill the blocks and the hourly rollups from what is there.
            migrationBuilder.Sql("INSERT INTO log_blocks (block, min_ts, max_ts) SELECT id >> 12, min(timestamp), max(timestamp) FROM log_events GROUP BY id >> 12;");
            migrationBuilder.Sql("INSERT INTO log_rollups_hourly (hour, source, level, count) SELECT minute - minute % 36000000000, source, level, sum(count) FROM log_rollups GROUP BY 1, 2, 3;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS log_events_fts_vocab;");

            migrationBuilder.DropTable(
                name: "log_blocks");

            migrationBuilder.DropTable(
                name: "log_rollups_hourly");

            migrationBuilder.DropIndex(
                name: "ix_log_events_event_type_timestamp",
                table: "log_events");
        }
    }
}

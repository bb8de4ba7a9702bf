using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MetricStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "metric_points",
                columns: table => new
                {
                    series_id = table.Column<long>(type: "INTEGER", nullable: false),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    start_time = table.Column<long>(type: "INTEGER", nullable: false),
                    value = table.Column<double>(type: "REAL", nullable: true),
                    data = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_points", x => new { x.series_id, x.time });
                });

            migrationBuilder.CreateTable(
                name: "metric_rollups",
                columns: table => new
                {
                    series_id = table.Column<long>(type: "INTEGER", nullable: false),
                    resolution = table.Column<int>(type: "INTEGER", nullable: false),
                    bucket = table.Column<long>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_rollups", x => new { x.series_id, x.resolution, x.bucket });
                });

            migrationBuilder.CreateTable(
                name: "metric_series",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    service = table.Column<string>(type: "TEXT", nullable: false),
                    scope = table.Column<string>(type: "TEXT", nullable: false),
                    host = table.Column<string>(type: "TEXT", nullable: false),
                    unit = table.Column<string>(type: "TEXT", nullable: false),
                    type = table.Column<int>(type: "INTEGER", nullable: false),
                    monotonic = table.Column<bool>(type: "INTEGER", nullable: false),
                    temporality = table.Column<int>(type: "INTEGER", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    attributes = table.Column<string>(type: "TEXT", nullable: false),
                    resource = table.Column<string>(type: "TEXT", nullable: true),
                    first_seen = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen = table.Column<long>(type: "INTEGER", nullable: false),
                    overflow = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_series", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_metric_points_time",
                table: "metric_points",
                column: "time");

            migrationBuilder.CreateIndex(
                name: "ix_metric_rollups_bucket",
                table: "metric_rollups",
                columns: new[] { "resolution", "bucket" });

            migrationBuilder.CreateIndex(
                name: "ix_metric_series_host",
                table: "metric_series",
                columns: new[] { "host", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_metric_series_key",
                table: "metric_series",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_metric_series_name",
                table: "metric_series",
                columns: new[] { "name", "service" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "metric_points");

            migrationBuilder.DropTable(
                name: "metric_rollups");

            migrationBuilder.DropTable(
                name: "metric_series");
        }
    }
}

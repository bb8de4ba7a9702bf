using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Postgres.Migrations
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
                    series_id = table.Column<long>(type: "bigint", nullable: false),
                    time = table.Column<long>(type: "bigint", nullable: false),
                    start_time = table.Column<long>(type: "bigint", nullable: false),
                    value = table.Column<double>(type: "double precision", nullable: true),
                    data = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_points", x => new { x.series_id, x.time });
                });

            migrationBuilder.CreateTable(
                name: "metric_rollups",
                columns: table => new
                {
                    series_id = table.Column<long>(type: "bigint", nullable: false),
                    resolution = table.Column<int>(type: "integer", nullable: false),
                    bucket = table.Column<long>(type: "bigint", nullable: false),
                    data = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metric_rollups", x => new { x.series_id, x.resolution, x.bucket });
                });

            migrationBuilder.CreateTable(
                name: "metric_series",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    key = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    service = table.Column<string>(type: "text", nullable: false),
                    scope = table.Column<string>(type: "text", nullable: false),
                    host = table.Column<string>(type: "text", nullable: false),
                    unit = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<int>(type: "integer", nullable: false),
                    monotonic = table.Column<bool>(type: "boolean", nullable: false),
                    temporality = table.Column<int>(type: "integer", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    attributes = table.Column<string>(type: "text", nullable: false),
                    resource = table.Column<string>(type: "text", nullable: true),
                    first_seen = table.Column<long>(type: "bigint", nullable: false),
                    last_seen = table.Column<long>(type: "bigint", nullable: false),
                    overflow = table.Column<bool>(type: "boolean", nullable: false)
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

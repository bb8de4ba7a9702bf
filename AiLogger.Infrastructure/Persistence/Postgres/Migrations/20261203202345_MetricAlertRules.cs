using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MetricAlertRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "aggregation",
                table: "alert_rules",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "filter",
                table: "alert_rules",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "aggregation",
                table: "alert_rules");

            migrationBuilder.DropColumn(
                name: "filter",
                table: "alert_rules");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ModelPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "model_prices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    pattern = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    input_per_million = table.Column<decimal>(type: "TEXT", nullable: false),
                    output_per_million = table.Column<decimal>(type: "TEXT", nullable: false),
                    cached_input_per_million = table.Column<decimal>(type: "TEXT", nullable: true),
                    from_time = table.Column<long>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_prices", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_model_prices_pattern",
                table: "model_prices",
                column: "pattern");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_prices");
        }
    }
}

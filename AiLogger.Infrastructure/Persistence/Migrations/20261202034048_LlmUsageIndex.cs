using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LlmUsageIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_spans_gen_ai",
                table: "spans",
                columns: new[] { "start_time", "gen_ai_model", "service", "status", "duration", "input_tokens", "output_tokens", "trace_id", "trace_key", "span_key" },
                filter: "is_gen_ai = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_spans_gen_ai",
                table: "spans");
        }
    }
}

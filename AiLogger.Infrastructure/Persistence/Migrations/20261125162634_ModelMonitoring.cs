using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AiLogger.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ModelMonitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "models",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", nullable: false, collation: "NOCASE"),
                    version = table.Column<string>(type: "TEXT", nullable: true),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    classes = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    data_version = table.Column<long>(type: "INTEGER", nullable: false),
                    computed_version = table.Column<long>(type: "INTEGER", nullable: false),
                    last_prediction_at = table.Column<long>(type: "INTEGER", nullable: true),
                    metrics_computed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    drift_computed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    drift_pending = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "model_daily_counts",
                columns: table => new
                {
                    model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<long>(type: "INTEGER", nullable: false),
                    predicted = table.Column<string>(type: "TEXT", nullable: false),
                    actual = table.Column<string>(type: "TEXT", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false),
                    confidence_sum = table.Column<double>(type: "REAL", nullable: false),
                    confidence_count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_daily_counts", x => new { x.model_id, x.day, x.predicted, x.actual });
                    table.ForeignKey(
                        name: "FK_model_daily_counts_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_drift_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    feature = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", nullable: false),
                    statistic = table.Column<double>(type: "REAL", nullable: false),
                    p_value = table.Column<double>(type: "REAL", nullable: true),
                    threshold = table.Column<double>(type: "REAL", nullable: false),
                    drifted = table.Column<bool>(type: "INTEGER", nullable: false),
                    psi = table.Column<double>(type: "REAL", nullable: false),
                    psi_level = table.Column<string>(type: "TEXT", nullable: false),
                    reference_count = table.Column<long>(type: "INTEGER", nullable: false),
                    current_count = table.Column<long>(type: "INTEGER", nullable: false),
                    reference_kind = table.Column<string>(type: "TEXT", nullable: false),
                    reference_from = table.Column<long>(type: "INTEGER", nullable: true),
                    reference_to = table.Column<long>(type: "INTEGER", nullable: true),
                    current_from = table.Column<long>(type: "INTEGER", nullable: false),
                    current_to = table.Column<long>(type: "INTEGER", nullable: false),
                    computed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    distribution = table.Column<string>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_drift_results", x => x.id);
                    table.ForeignKey(
                        name: "FK_model_drift_results_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_predictions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    item_id = table.Column<string>(type: "TEXT", nullable: false),
                    predicted = table.Column<string>(type: "TEXT", nullable: false),
                    confidence = table.Column<double>(type: "REAL", nullable: true),
                    probabilities = table.Column<string>(type: "TEXT", nullable: true),
                    features = table.Column<string>(type: "TEXT", nullable: true),
                    timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    actual = table.Column<string>(type: "TEXT", nullable: true),
                    validated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    trained = table.Column<bool>(type: "INTEGER", nullable: false),
                    logged = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_predictions", x => x.id);
                    table.ForeignKey(
                        name: "FK_model_predictions_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "model_references",
                columns: table => new
                {
                    model_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    class_counts = table.Column<string>(type: "TEXT", nullable: true),
                    from_ts = table.Column<long>(type: "INTEGER", nullable: true),
                    to_ts = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_model_references", x => x.model_id);
                    table.ForeignKey(
                        name: "FK_model_references_models_model_id",
                        column: x => x.model_id,
                        principalTable: "models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_model_drift_results_model",
                table: "model_drift_results",
                columns: new[] { "model_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_model_predictions_time",
                table: "model_predictions",
                columns: new[] { "model_id", "timestamp" });

            migrationBuilder.CreateIndex(
                name: "ux_model_predictions_item",
                table: "model_predictions",
                columns: new[] { "model_id", "item_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_models_name",
                table: "models",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "model_daily_counts");

            migrationBuilder.DropTable(
                name: "model_drift_results");

            migrationBuilder.DropTable(
                name: "model_predictions");

            migrationBuilder.DropTable(
                name: "model_references");

            migrationBuilder.DropTable(
                name: "models");
        }
    }
}

using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AiLogger.Infrastructure.Persistence;

/// <summary>Timestamps are stored as UTC ticks (100 ns since 0001-01-01), an integer that sorts and compares exactly.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

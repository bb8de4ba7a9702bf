namespace AiLogger.Infrastructure.Imports;

/// <summary>One line of a file: its bytes (without the newline), where it starts, and whether it was cut.</summary>
internal readonly record struct ImportLine(ReadOnlyMemory<byte> Bytes, long Start, bool TooLong);

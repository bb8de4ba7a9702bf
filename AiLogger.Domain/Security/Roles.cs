namespace AiLogger.Domain.Security;

/// <summary>
/// The three roles (DESIGN §7), each including the ones before it: Operator (logs, live, traces),
/// Analyst (+ models, tests, system), Admin (+ alert rules, keys, users, imports, retention, jobs).
/// A user holds one of them.
/// </summary>
public static class Roles
{
    public const string Operator = "Operator";
    public const string Analyst = "Analyst";
    public const string Admin = "Admin";

    public static IReadOnlyList<string> All { get; } = [Operator, Analyst, Admin];

    /// <summary>The roles that may do what <paramref name="required"/> may do.</summary>
    public static IReadOnlyList<string> AtLeast(string required) => required switch
    {
        Operator => [Operator, Analyst, Admin],
        Analyst => [Analyst, Admin],
        Admin => [Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(required), required, "Not a role."),
    };

    public static bool TryNormalize(string? name, out string role)
    {
        role = All.FirstOrDefault(r => string.Equals(r, name?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
        return role.Length > 0;
    }
}

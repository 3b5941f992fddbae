using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Admin;

/// <summary>
/// The keys that open the admin API (<c>/api/admin/…</c>). None configured means every admin call is refused: the API is
/// closed until someone gives it a key. Minimal on purpose; the admin console brings real sign-in later.
/// </summary>
public sealed class AdminApiOptions
{
    public const string SectionName = "AdminApi";

    public List<AdminApiKeyOptions> Keys { get; set; } = [];
}

/// <summary>One caller of the admin API: <see cref="Name"/> is who the audit fields name, <see cref="Roles"/> what it may do.</summary>
public sealed class AdminApiKeyOptions
{
    [Required]
    [StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = "";

    /// <summary>At least 32 characters: long enough that guessing is hopeless, e.g. <c>openssl rand -base64 32</c>.</summary>
    [Required]
    [MinLength(32)]
    public string Key { get; set; } = "";

    /// <summary><c>admin</c> (curates the knowledge base) and/or <c>agent</c> (the agent console, later).</summary>
    public List<string> Roles { get; set; } = [];
}

public static class AdminRoles
{
    public const string Admin = "admin";

    public const string Agent = "agent";

    public static IReadOnlyCollection<string> All { get; } = [Admin, Agent];
}

/// <summary>Each key's annotations (a list's items are not validated by <c>ValidateDataAnnotations</c>), known roles, no two alike.</summary>
internal sealed class AdminApiOptionsValidator : IValidateOptions<AdminApiOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var where = $"{AdminApiOptions.SectionName}:Keys:{i}";
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(key, new ValidationContext(key), results, validateAllProperties: true);
            failures.AddRange(results.Select(r => $"{where}: {r.ErrorMessage}"));
            failures.AddRange(key.Roles
                .Where(role => !AdminRoles.All.Contains(role, StringComparer.Ordinal))
                .Select(role => $"{where}: unknown role \"{role}\"; use {string.Join(" or ", AdminRoles.All)}."));
        }

        if (options.Keys.GroupBy(k => k.Name, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            failures.Add($"{AdminApiOptions.SectionName}:Keys: two keys have the same Name; the audit trail could not tell them apart.");
        }

        if (options.Keys.GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add($"{AdminApiOptions.SectionName}:Keys: the same Key is configured twice.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Classifier.Entities;

/// <summary>Settings of entity recognition, bound from the "Entities" configuration section.</summary>
public sealed class EntityOptions
{
    public const string SectionName = "Entities";

    /// <summary>
    /// The time zone in which "today", "besok" or "next Friday" are resolved: an IANA id such as <c>Asia/Jakarta</c>
    /// (<c>Asia/Makassar</c>, <c>Asia/Jayapura</c> for WITA and WIT). Checked when the host starts.
    /// </summary>
    [Required]
    public string TimeZone { get; set; } = "Asia/Jakarta";
}

/// <summary>Fails start-up with the offending value when the configured time zone is unknown on this machine.</summary>
internal sealed class EntityOptionsValidator : IValidateOptions<EntityOptions>
{
    public ValidateOptionsResult Validate(string? name, EntityOptions options) =>
        EntityTimeZone.TryFind(options.TimeZone, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(EntityTimeZone.UnknownMessage(options.TimeZone));
}

internal static class EntityTimeZone
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        return !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone);
    }

    public static TimeZoneInfo Find(string? id) =>
        TryFind(id, out var zone) ? zone : throw new InvalidOperationException(UnknownMessage(id));

    public static string UnknownMessage(string? id) =>
        $"{EntityOptions.SectionName}:{nameof(EntityOptions.TimeZone)} '{id}' is not a time zone known to this machine; use an IANA id such as 'Asia/Jakarta'.";
}

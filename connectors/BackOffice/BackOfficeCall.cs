using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>What every demo back-office call shares: turning database failures into "the system is not answering".</summary>
internal static class BackOfficeCall
{
    /// <summary>Longest free text (descriptions, comments, notes) the back office keeps; longer text is cut.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>
    /// Runs a call against the database; a database that cannot be opened, is locked beyond the busy timeout or fails
    /// a write becomes <see cref="BackOfficeUnavailableException"/>, which the bot reports as the system not answering.
    /// </summary>
    public static async Task<T> RunAsync<T>(BackOfficeSystem system, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException)
        {
            throw new BackOfficeUnavailableException(system, $"The demo back office's {system} system did not answer.", ex);
        }
    }

    /// <summary>The canonical (upper-case, trimmed) form of <paramref name="text"/> when it matches <paramref name="format"/>, else null.</summary>
    public static string? NormalizeId(string? text, Regex format)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return null;
        }

        var candidate = text.Trim().ToUpperInvariant();
        return format.IsMatch(candidate) ? candidate : null;
    }

    /// <summary>Free text as stored: trimmed, cut to <see cref="MaxTextLength"/>; null when there is nothing.</summary>
    public static string? Text(string? text, int maxLength = MaxTextLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        return trimmed.Length <= maxLength ? trimmed : trimmed[..maxLength];
    }

    public static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}

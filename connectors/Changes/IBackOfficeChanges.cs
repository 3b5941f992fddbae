using System.Text.Json;

namespace HelpdeskBot.Connectors.Changes;

/// <summary>The kinds of record whose status changes the bot tells their owner about.</summary>
public enum ChangedRecordKind { Ticket, SoftwareRequest, LeaveRequest, Order }

/// <summary>
/// One status change as the system of record logged it. <see cref="Sequence"/> increases with every change the system
/// logs (per system), so a reader keeps the last one it handled as its cursor and asks for what came after.
/// </summary>
/// <param name="Owner">Whose record it is (a customer or an employee): the only person the change may be told to.</param>
/// <param name="OldStatus">The status before, camelCase as in the HTTP contract (<c>inProgress</c>); null when not known.</param>
/// <param name="NewStatus">The status now, camelCase (<c>resolved</c>, <c>approved</c>, <c>cancelled</c>).</param>
public sealed record StatusChange(
    long Sequence,
    ChangedRecordKind Kind,
    string RecordId,
    Requester Owner,
    string? OldStatus,
    string NewStatus,
    DateTimeOffset ChangedAt);

/// <summary>
/// The back office's change feed: status changes of tickets, software and leave requests and orders, after a cursor.
/// Channel-agnostic; the bot decides who is told and where. Failures to reach a system throw
/// <see cref="BackOfficeUnavailableException"/>.
/// </summary>
public interface IBackOfficeChanges
{
    /// <summary>The systems that keep a change feed: each has its own sequence, so the reader keeps one cursor per system.</summary>
    public static IReadOnlyList<BackOfficeSystem> Systems { get; } = [BackOfficeSystem.Orders, BackOfficeSystem.ItSupport, BackOfficeSystem.Hr];

    /// <summary>Up to <paramref name="limit"/> changes of <paramref name="system"/> with a sequence above <paramref name="after"/>, oldest first.</summary>
    Task<IReadOnlyList<StatusChange>> GetChangesAsync(BackOfficeSystem system, long after, int limit, CancellationToken cancellationToken);
}

/// <summary>Status names on the feed: the enum's name in camelCase, as the HTTP contract spells enums.</summary>
public static class StatusNames
{
    public static string Of<TEnum>(TEnum status) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    /// <summary>Reads <c>inProgress</c>, <c>in_progress</c> or <c>InProgress</c>; null when it names no value of <typeparamref name="TEnum"/>.</summary>
    public static TEnum? Parse<TEnum>(string? text) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return null;
        }

        var compact = text.Trim().Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.GetValues<TEnum>().Cast<TEnum?>().FirstOrDefault(v => string.Equals(v!.Value.ToString(), compact, StringComparison.OrdinalIgnoreCase));
    }
}

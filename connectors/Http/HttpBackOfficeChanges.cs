using System.Globalization;
using HelpdeskBot.Connectors.Changes;

namespace HelpdeskBot.Connectors.Http;

/// <summary>
/// The change feed over the company's REST APIs (<c>docs/connectors.md</c>, "Change feed"): <c>GET changes?after=&amp;limit=</c>
/// on each system that is in Http mode; systems still on the demo back office are read from its change log. Entries that
/// break the contract (no owner, an anonymous owner, a sequence not after the cursor) are dropped, so one bad row cannot
/// make the bot tell the wrong person or read the same page forever.
/// </summary>
internal sealed class HttpBackOfficeChanges(BackOfficeHttp http, DemoBackOfficeChanges demo, BackOfficeModes modes) : IBackOfficeChanges
{
    public async Task<IReadOnlyList<StatusChange>> GetChangesAsync(BackOfficeSystem system, long after, int limit, CancellationToken cancellationToken)
    {
        if (!modes.RealSystems.Contains(system))
        {
            return await demo.GetChangesAsync(system, after, limit, cancellationToken).ConfigureAwait(false);
        }

        var path = string.Create(CultureInfo.InvariantCulture, $"changes?after={Math.Max(0, after)}&limit={Math.Clamp(limit, 1, DemoBackOfficeChanges.MaxLimit)}");
        var answer = await http.SendAsync<List<ChangeEntry>>(new(system, "GetChanges", HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return [.. (answer.Value ?? []).Where(e => IsUsable(e, after)).OrderBy(e => e.Sequence).Select(ToChange)];
    }

    private static bool IsUsable(ChangeEntry entry, long after) =>
        entry.Sequence > after
        && entry.OwnerKind is RequesterKind.Customer or RequesterKind.Employee or RequesterKind.Supplier
        && !string.IsNullOrWhiteSpace(entry.OwnerId) && entry.OwnerId.Length <= 64
        && !string.IsNullOrWhiteSpace(entry.RecordId) && entry.RecordId.Length <= 64
        && !string.IsNullOrWhiteSpace(entry.NewStatus) && entry.NewStatus.Length <= 40;

    private static StatusChange ToChange(ChangeEntry entry) => new(
        entry.Sequence,
        entry.Kind,
        entry.RecordId.Trim(),
        new Requester(entry.OwnerKind, entry.OwnerId.Trim()),
        entry.OldStatus is { Length: > 0 and <= 40 } old ? old : null,
        entry.NewStatus.Trim(),
        entry.ChangedAt);

    private sealed record ChangeEntry(
        long Sequence,
        ChangedRecordKind Kind,
        string RecordId,
        RequesterKind OwnerKind,
        string OwnerId,
        string? OldStatus,
        string NewStatus,
        DateTimeOffset ChangedAt);
}

using System.Text.RegularExpressions;
using HelpdeskBot.Connectors.Notifications;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Connectors.Tests.Notifications;

public sealed partial class OneTimeCodeTests : IAsyncLifetime
{
    private static readonly Requester Rina = Requester.Employee("EMP-0007");
    private FreshBackOffice _backOffice = null!;

    private INotificationService Notifications => _backOffice.Host.Notifications;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync() => _backOffice = await FreshBackOffice.StartAsync();

    public async Task DisposeAsync() => await _backOffice.DisposeAsync();

    private async Task<(OneTimeCodeChallenge Challenge, string Code)> SendAsync(
        Requester requester, ContactChannel channel = ContactChannel.Email, string destination = "rina.wijaya@corp.example")
    {
        var challenge = await Notifications.SendOneTimeCodeAsync(requester, channel, "password-reset", None);
        Assert.NotNull(challenge);
        var message = (await _backOffice.Host.Outbox.GetRecentAsync(destination, 1, None))[0];
        return (challenge, SixDigits().Match(message.Body).Value);
    }

    private Task<OneTimeCodeCheck> Check(string challengeId, string code, Requester? requester = null) =>
        Notifications.VerifyOneTimeCodeAsync(challengeId, code, requester ?? Rina, None);

    private static string WrongCode(string code) => code == "000000" ? "111111" : "000000";

    [Fact]
    public async Task Code_goes_to_the_email_on_file_and_only_a_hash_is_stored()
    {
        var (challenge, code) = await SendAsync(Rina);

        Assert.Equal((ContactChannel.Email, "r***@corp.example", FreshBackOffice.Start.AddMinutes(10)),
            (challenge.Channel, challenge.SentTo, challenge.ExpiresAt));
        Assert.Matches("^[0-9]{6}$", code);
        var message = (await _backOffice.Host.Outbox.GetRecentAsync("rina.wijaya@corp.example", 1, None))[0];
        Assert.Contains($"Your HelpdeskBot verification code is {code}", message.Body, StringComparison.Ordinal);

        var stored = await ChallengeRowsAsync();
        Assert.Contains(challenge.ChallengeId, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(code, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sms_goes_to_the_phone_on_file()
    {
        var (challenge, code) = await SendAsync(Rina, ContactChannel.Sms, "+6281300000007");

        Assert.Equal("+62***0007", challenge.SentTo);
        Assert.Equal(OneTimeCodeOutcome.Verified, (await Check(challenge.ChallengeId, code)).Outcome);
    }

    [Fact]
    public async Task Customers_and_suppliers_get_codes_at_their_own_contacts_and_visitors_none()
    {
        Assert.Equal("+62***0001", (await Notifications.SendOneTimeCodeAsync(Requester.Customer("CUS-0001"), ContactChannel.Sms, "x", None))?.SentTo);
        Assert.Equal("t***@sumbermakmur.example",
            (await Notifications.SendOneTimeCodeAsync(Requester.Supplier("SUP-0001"), ContactChannel.Email, "x", None))?.SentTo);

        Assert.Null(await Notifications.SendOneTimeCodeAsync(Requester.Anonymous, ContactChannel.Email, "x", None));
        Assert.Null(await Notifications.SendOneTimeCodeAsync(Requester.Employee("EMP-9999"), ContactChannel.Email, "x", None));
        Assert.Null(await Notifications.SendOneTimeCodeAsync(Rina, (ContactChannel)7, "x", None));
    }

    [Fact]
    public async Task Correct_code_verifies_once()
    {
        var (challenge, code) = await SendAsync(Rina);

        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.Verified, 3), await Check(challenge.ChallengeId, $" {code} "));
        Assert.Equal(OneTimeCodeOutcome.Expired, (await Check(challenge.ChallengeId, code)).Outcome);
    }

    [Fact]
    public async Task Three_wrong_codes_lock_the_challenge_even_for_the_right_code()
    {
        var (challenge, code) = await SendAsync(Rina);
        var wrong = WrongCode(code);

        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.Wrong, 2), await Check(challenge.ChallengeId, wrong));
        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.Wrong, 1), await Check(challenge.ChallengeId, "12"));
        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.LockedOut, 0), await Check(challenge.ChallengeId, wrong));
        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.LockedOut, 0), await Check(challenge.ChallengeId, code));
    }

    [Fact]
    public async Task Code_expires_after_ten_minutes()
    {
        var (challenge, code) = await SendAsync(Rina);

        _backOffice.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(OneTimeCodeOutcome.Expired, (await Check(challenge.ChallengeId, code)).Outcome);
    }

    [Fact]
    public async Task Another_requesters_challenge_reads_like_an_unknown_one_and_costs_no_attempt()
    {
        var (challenge, code) = await SendAsync(Rina);
        var unknown = await Check("OTP-" + new string('0', 20), code, Requester.Employee("EMP-0008"));

        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.NotFound, 0), unknown);
        Assert.Equal(unknown, await Check(challenge.ChallengeId, code, Requester.Employee("EMP-0008")));
        Assert.Equal(unknown, await Check(challenge.ChallengeId, WrongCode(code), Requester.Customer("EMP-0007")));
        Assert.Equal(unknown, await Check(challenge.ChallengeId, code, Requester.Anonymous));

        Assert.Equal(new OneTimeCodeCheck(OneTimeCodeOutcome.Verified, 3), await Check(challenge.ChallengeId, code));
    }

    [Theory]
    [InlineData("")]
    [InlineData("OTP-")]
    [InlineData("OTP-0000' OR 1=1 --")]
    public async Task Bad_challenge_ids_are_not_found(string challengeId)
    {
        Assert.Equal(OneTimeCodeOutcome.NotFound, (await Check(challengeId, "123456")).Outcome);
        Assert.Equal(OneTimeCodeOutcome.NotFound, (await Check(new string('A', 100_000), new string('1', 100_000))).Outcome);
        Assert.Equal(OneTimeCodeOutcome.NotFound, (await Notifications.VerifyOneTimeCodeAsync(null!, null!, Rina, None)).Outcome);
    }

    [Fact]
    public async Task A_very_long_code_is_wrong_not_an_error()
    {
        var (challenge, _) = await SendAsync(Rina);

        Assert.Equal(OneTimeCodeOutcome.Wrong, (await Check(challenge.ChallengeId, new string('1', 100_000))).Outcome);
    }

    /// <summary>Every column of the challenge table as text, blobs in hex.</summary>
    private async Task<string> ChallengeRowsAsync()
    {
        await using var connection = new SqliteConnection(_backOffice.Host.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM CodeChallenges";
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
                }).Append('|');
            }
        }

        return text.ToString();
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}

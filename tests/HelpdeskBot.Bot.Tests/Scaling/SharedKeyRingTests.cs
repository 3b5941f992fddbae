using System.Net;
using HelpdeskBot.Bot.Handoff;
using HelpdeskBot.Bot.Tests.Database;
using HelpdeskBot.Bot.Tests.Handoff;
using Npgsql;

namespace HelpdeskBot.Bot.Tests.Scaling;

/// <summary>
/// The data-protection key ring is in the state database (<c>WebSecurity/SharedKeyRing</c>): the agent console's sign-in
/// form and cookie made by one instance are accepted by another on the same database, behind a load balancer with no
/// sticky sessions; the keys come from the database and not from the machine; a restarted host keeps its agents signed in.
/// </summary>
public sealed class SharedKeyRingTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_sign_in_form_from_A_is_accepted_by_B_and_the_cookie_B_issues_is_valid_on_A_with_one_key_between_them()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        await using var instances = TwoInstances.Start(redis: null, host => Agent(host), SharedDatabase.OnPostgres(connectionString));
        using var a = TwoInstances.RawHttp(instances.A);
        using var b = TwoInstances.RawHttp(instances.B);

        // The form (antiforgery token and cookie) from A, posted to B: the load balancer sent the two requests apart.
        var form = await AgentConsoleClient.GetLoginFormAsync(a);
        using var signedIn = await AgentConsoleClient.PostLoginAsync(b, form, "sari", AgentAccountsForTests.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/agent", signedIn.Headers.Location?.OriginalString);
        var cookie = AgentConsoleClient.Cookies(signedIn);
        Assert.Contains(AgentConsoleEndpoints.CookieName + "=", cookie, StringComparison.Ordinal);

        // B's sign-in cookie opens the console on A, and on B.
        Assert.Equal(HttpStatusCode.OK, await ConsoleStatusAsync(a, cookie));
        Assert.Equal(HttpStatusCode.OK, await ConsoleStatusAsync(b, cookie));
        Assert.Equal(1L, await CountKeysAsync(connectionString));
    }

    [Fact]
    public async Task The_keys_come_from_the_database_so_a_host_whose_database_lost_them_refuses_the_old_cookie()
    {
        var connectionString = await postgres.Server.CreateDatabaseAsync();
        using var database = SharedDatabase.OnPostgres(connectionString);
        string cookie;
        using (var first = Agent(database.NewHost()))
        {
            cookie = await AgentConsoleClient.SignInAsync(first, "sari");
            using var http = AgentConsoleClient.RawHttp(first);
            Assert.Equal(HttpStatusCode.OK, await ConsoleStatusAsync(http, cookie));
        }

        // Another machine's host on the same database reads the same ring.
        using (var second = Agent(database.NewHost()))
        {
            using var http = AgentConsoleClient.RawHttp(second);
            Assert.Equal(HttpStatusCode.OK, await ConsoleStatusAsync(http, cookie));
        }

        // Without the database's keys nothing on this machine can read the cookie: it was never in a local directory.
        await using (var db = new NpgsqlConnection(connectionString))
        {
            await db.OpenAsync();
            await using var delete = new NpgsqlCommand("DELETE FROM helpdesk.\"DataProtectionKeys\"", db);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }
        using (var third = Agent(database.NewHost()))
        {
            using var http = AgentConsoleClient.RawHttp(third);
            Assert.Equal(HttpStatusCode.Redirect, await ConsoleStatusAsync(http, cookie));
        }
    }

    [Fact]
    public async Task A_host_restarted_on_its_SQLite_data_directory_keeps_its_agents_signed_in()
    {
        using var database = SharedDatabase.ForTests();
        string cookie;
        using (var before = Agent(database.NewHost()))
        {
            cookie = await AgentConsoleClient.SignInAsync(before, "sari");
        }

        using var after = Agent(database.NewHost());
        using var http = AgentConsoleClient.RawHttp(after);
        Assert.Equal(HttpStatusCode.OK, await ConsoleStatusAsync(http, cookie));
    }

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_a_restart_with_it_reads_them()
    {
        using var database = SharedDatabase.ForTests();
        var pfx = Path.Combine(Path.GetTempPath(), "helpdeskbot-tests", "keyring-" + Guid.NewGuid().ToString("N") + ".pfx");
        Directory.CreateDirectory(Path.GetDirectoryName(pfx)!);
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=HelpdeskBot key ring test", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-password"));
        }
        BotHost Encrypting(BotHost host) => Agent(host)
            .With("WebSecurity:KeyRingCertificatePath", pfx)
            .With("WebSecurity:KeyRingCertificatePassword", "pfx-password");
        try
        {
            string cookie;
            string directory;
            using (var first = Encrypting(database.NewHost()))
            {
                cookie = await AgentConsoleClient.SignInAsync(first, "sari");
                directory = first.DataDirectory;
            }

            // The stored key is the certificate's encryption of it: no master key in the clear.
            await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "state.db")};Pooling=false"))
            {
                await db.OpenAsync();
                await using var read = db.CreateCommand();
                read.CommandText = "SELECT \"Xml\" FROM \"DataProtectionKeys\"";
                var xml = (string)(await read.ExecuteScalarAsync())!;
                Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            }

            using var restarted = Encrypting(database.NewHost());
            using var http = AgentConsoleClient.RawHttp(restarted);
            Assert.Equal(HttpStatusCode.OK, await ConsoleStatusAsync(http, cookie));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public void A_certificate_setting_that_cannot_be_used_stops_the_start_and_says_why()
    {
        using var host = Agent(new BotHost()).With("WebSecurity:KeyRingCertificatePath", "/nonexistent/keyring.pfx");

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient().Dispose());

        Assert.Contains("WebSecurity:KeyRingCertificatePath: no file at '/nonexistent/keyring.pfx'", error.ToString(), StringComparison.Ordinal);
    }

    private static BotHost Agent(BotHost host) => host.WithAgent(0, "sari", "Sari Dewi", [AgentRoles.Agent]);

    private static async Task<HttpStatusCode> ConsoleStatusAsync(HttpClient http, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/agent");
        request.Headers.Add("Cookie", cookie);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<long> CountKeysAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM helpdesk.\"DataProtectionKeys\"", db);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}

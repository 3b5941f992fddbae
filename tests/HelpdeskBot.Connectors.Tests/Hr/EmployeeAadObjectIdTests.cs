using HelpdeskBot.Connectors.Tests.Http;
using Microsoft.AspNetCore.Http;

namespace HelpdeskBot.Connectors.Tests.Hr;

/// <summary>The employee's Entra object id on their profile: what lets the bot open a Teams chat to notify them.</summary>
public sealed class EmployeeAadObjectIdTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_demo_directory_gives_an_employee_their_own_entra_object_id()
    {
        await using var backOffice = await FreshBackOffice.StartAsync();

        var profile = await backOffice.Host.Hr.GetProfileAsync(Requester.Employee("EMP-0007"), None);

        Assert.Equal(Guid.Parse("00000000-0000-4000-8000-000000000007"), profile?.AadObjectId);
        Assert.Null(await backOffice.Host.Hr.GetProfileAsync(Requester.Customer("CUS-0001"), None));
    }

    [Fact]
    public async Task Over_http_the_object_id_is_read_when_the_system_sends_it_and_absent_otherwise()
    {
        await using var server = await FakeBackOffice.StartAsync();
        using var host = ConnectorHost.Create(server.BaseUrl);
        var withoutId = await host.Hr.GetProfileAsync(Requester.Employee("EMP-0007"), None);
        var aad = Guid.NewGuid();
        server.Intercept = async context =>
        {
            await context.Response.WriteAsJsonAsync(new
            {
                employeeId = "EMP-0007", name = "Rina Kartika", department = "Finance", jobTitle = "Accountant", managerName = (string?)null,
                aadObjectId = aad.ToString("D"),
            });
            return true;
        };

        var withId = await host.Hr.GetProfileAsync(Requester.Employee("EMP-0007"), None);

        Assert.NotNull(withoutId);
        Assert.Null(withoutId.AadObjectId);
        Assert.Equal(aad, withId?.AadObjectId);
    }
}

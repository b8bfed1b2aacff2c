using Byline.Web.Features;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Commands;
using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddBylineData();
builder.AddBylineWeb();
builder.Services.AddBylineIdentity();
builder.Services.AddSite();
builder.Services.AddArticles();
builder.Services.AddComments(builder.Configuration);
builder.Services.AddPopular(builder.Configuration);
builder.Services.AddRelated();
builder.Services.AddDemo();
builder.Services.AddAdmin();
builder.Services.AddSiteAdmin();

var app = builder.Build();

if (BylineCommands.IsCommand(args))
{
    return await BylineCommands.RunAsync(app, args);
}

await app.Services.PrepareDatabaseAsync();

app.UseBylineWeb();
app.UseBylineIdentity();
app.UsePopular();
app.MapBylineWeb();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;

def test_home_page_invites_staff_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Staff and participant sign-in" in response.content.decode()
